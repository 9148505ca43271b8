"""certify: decides which professional grade a key-account salesperson qualifies for, and says why."""

__version__ = "0.1.0"
