"""Test data factories, one module per feature. Each factory flushes and commits."""
