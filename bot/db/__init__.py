"""Persistence: engine, schema and the queries the handlers and jobs use."""
