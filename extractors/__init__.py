"""Text -> figures -> relations -> flags. Pure functions: no network, no database."""
