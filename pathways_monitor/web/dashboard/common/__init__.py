"""What every page shares: the shell, ids of the shell, the URL-state helper, grids, maps, the import report."""
