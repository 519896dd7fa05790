"""cchc: Vietnamese administrative-reform bulletins -> figures -> checked arithmetic -> SQLite."""

__version__ = "0.1.0"
