"""Alembic migrations for salesbot (shipped inside the wheel so `salesbot migrate` finds them)."""
