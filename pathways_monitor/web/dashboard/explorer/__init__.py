"""The explorer page: any indicator, any places, any years."""
