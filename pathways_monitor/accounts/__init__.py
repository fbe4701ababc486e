"""Accounts: users, API tokens and password hashing (argon2id), without any web framework."""
