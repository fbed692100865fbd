"""The brief on the visit's calendar event: in an .ics file (invites), on a CalDAV server
(caldav), and the evening run that builds every visit's brief and attaches it (tonight).
"""
