"""The regions page: regional values, spread and map for one country."""
