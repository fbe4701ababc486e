"""The home page: every country's latest early-leavers rate against the 9 % target."""
