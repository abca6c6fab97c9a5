"""Text to features: language, normalisation, PII masking, mentions, lemmas, embeddings."""
