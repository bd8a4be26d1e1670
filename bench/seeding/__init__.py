"""A large, realistic organisation written in bulk through the app's tables (bench/seed.py)."""
