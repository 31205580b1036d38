"""All table models; importing this package registers them on SQLModel.metadata."""
from app.models.priority import Priority
from app.models.task import Task, TaskBase
from app.models.user import User

__all__ = ["Priority", "Task", "TaskBase", "User"]
