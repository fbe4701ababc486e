"""The imports page: the history of uploads and their problem reports."""
