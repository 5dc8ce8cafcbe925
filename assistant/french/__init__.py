"""French: questions read through an English pivot, answers framed in French around the source's
English words, refusals and the safeguarding message in French. Importing it registers the French
phrases (`phrases_for("fr")`)."""
