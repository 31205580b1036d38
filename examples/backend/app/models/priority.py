from typing import Optional

from sqlmodel import Field, SQLModel


class Priority(SQLModel, table=True):
    """Lookup table that replaces the free-text tasks.priority column."""

    __tablename__ = "priorities"

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=20)
    color: str = Field(max_length=7, description="Hex colour, e.g. #ef4444")
