import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Optional

from sqlmodel import Field, Relationship, SQLModel

if TYPE_CHECKING:
    from app.models.user import User


class TaskBase(SQLModel):
    """Fields shared by the table model and the API schemas."""

    title: str = Field(max_length=200)
    description: Optional[str] = None
    completed: bool = False
    # New in the model, not yet in any migration: the free-text `priority` column of the
    # history is replaced by a reference to the priorities table, and tasks get a due date.
    priority_id: Optional[int] = Field(default=None, foreign_key="priorities.id")
    due_date: Optional[datetime] = None


class Task(TaskBase, table=True):
    __tablename__ = "tasks"

    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    created_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))

    owner: Optional["User"] = Relationship(back_populates="tasks")


class TaskCreate(TaskBase):
    """Request body for POST /tasks (not a table)."""
