"""Assignments handed in by learners: submissions, attempts and their files."""
