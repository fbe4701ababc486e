"""Pathways Monitor: national strategies for school success against the EU 2030 targets."""
