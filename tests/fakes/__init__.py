"""Fake Telegram and Slack Web APIs on 127.0.0.1, for tests and benchmarks."""
