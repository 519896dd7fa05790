"""The SQLite layer: schema, loading, reprocess, Datasette metadata and plugin."""
