"""Screens of the backtimer apps."""
