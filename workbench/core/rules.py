"""The version of the suggestion rules, apart from the rules themselves: opening a database
compares it with the version stored for each article without compiling the rules' patterns."""

RULES_VERSION = 4  # stored suggestions made by older rules are made again
