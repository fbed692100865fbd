"""From an account to a dossier: the pipeline plans, fetches, parses and follows every source at
once (pipeline), through the one module that speaks HTTP (fetch), or reads pages saved from a
browser (saved); the installed adapters are found through entry points (registry); registry
logins come from the environment or the keyring (credentials); facts from several sources are
merged, conflicts kept (merge); pages are parsed off the event loop, most urgent first
(parse_queue).
"""
