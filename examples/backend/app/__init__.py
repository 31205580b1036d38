"""Task tracker backend (FastAPI + SQLModel)."""
