"""Spiders only find and yield: every page they fetch goes through the item
pipelines (extract, clean, enrich, index, alert) configured in settings."""
