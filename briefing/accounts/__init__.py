"""What the user gives Briefing: an account file per customer (account), the user's own
settings (settings), and the team's notes file, which colleagues write and the notes adapter
reads (notes). Reading any of them checks it whole and names the file, line and key of a fault.
"""
