"""The one way a route finds a row by its id, or answers 404."""
from fastapi import HTTPException
from sqlmodel import Session


def get_or_404(session: Session, model, key: str, what: str):
    row = session.get(model, key)
    if row is None:
        raise HTTPException(status_code=404, detail=f"no {what} with id {key!r}")
    return row
