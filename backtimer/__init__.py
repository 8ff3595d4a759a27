"""backtimer: a full-screen terminal timer that guides you through a back workout."""

__version__ = "0.1.0"
