"""What the pages and the reports share about how things look: colours, status icons, the plotly template."""
