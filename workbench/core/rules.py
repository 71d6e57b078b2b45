"""The version of the suggestion rules, apart from the rules themselves: opening a database
compares it with the version stored for each article without compiling the rules' patterns."""

RULES_VERSION = 5  # stored suggestions made by older rules are made again

# The version of the quote and figure checks: stored check results made by older checks are
# made again when the database opens (each result's basis starts with the version).
CHECKS_VERSION = 4
