"""Pure analysis of indicator series: progress towards the EU 2030 targets, a 2030 projection
with its uncertainty, and regional dispersion. No database and no Dash here, so the web app,
the API and the exports all compute the same figures from the same functions.
"""
