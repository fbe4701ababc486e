"""The country page: targets, indicators, strategy, milestones, budget and their editing."""
