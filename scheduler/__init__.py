"""The clock: APScheduler ticks that ask the database what is due."""
