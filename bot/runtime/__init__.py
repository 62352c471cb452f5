"""Running the bot: the command line, serving (polling, webhook), the console, logs."""
