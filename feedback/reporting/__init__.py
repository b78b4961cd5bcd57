"""The numbers, read from the rollups only: report queries, question
summaries, the effect of an edit, language names. Shared by the admin
reports, the exports and the weekly digest."""
