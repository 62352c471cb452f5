"""Use cases, each one transaction: what a handler or a job asks the storage to do."""
