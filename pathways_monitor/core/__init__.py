"""The bottom layer: rules and texts that need no database and no web framework."""
