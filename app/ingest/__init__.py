"""The ingest pipeline: read → normalize → dates → extract → merge → store."""
