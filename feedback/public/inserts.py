"""The vote's two INSERTs, their SQL built once per process.

A vote is one ``Response`` row and its ``Answer`` rows. Going through
``Model.save()`` and ``bulk_create()`` compiles both statements again for
every vote, and that was a third of a vote's CPU time. Here the statement of
each model is built once per database (from the model's fields, quoted by the
backend) and each vote only prepares its values, with the documented field
API the ORM uses itself (``Field.pre_save``, ``Field.get_db_prep_save``).
The values are prepared before the transaction opens: on SQLite the other
web processes wait for the write lock while it is open. The rows are the
same as the ORM's (a test compares every column, on SQLite and PostgreSQL).

``Response``'s ``pre_save``/``post_save`` signals are not sent
(``bulk_create`` never sent them for answers either); the engine listens to
neither. A backend that cannot return the new id from the INSERT takes the ORM.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections, models, router

from feedback.models import Answer, Response


class _Statement:
    """``INSERT INTO table (columns) VALUES …`` for one model on one database."""

    def __init__(self, model: type[models.Model], alias: str) -> None:
        connection = connections[alias]
        quote = connection.ops.quote_name
        meta = model._meta
        self.fields = [f for f in meta.concrete_fields if not (f.primary_key and isinstance(f, models.AutoField))]
        columns = ", ".join(quote(str(f.column)) for f in self.fields)  # (a concrete field has one)
        # Only names from the model, quoted by the backend; values go as parameters.
        self.head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "  # noqa: S608
        self.row = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        assert meta.pk is not None
        self.returning = f" RETURNING {quote(str(meta.pk.column))}"

    def params(self, obj: models.Model, alias: str) -> list[Any]:
        connection = connections[alias]
        return [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in self.fields]


_statements: dict[tuple[str, str], _Statement] = {}


def _statement(model: type[models.Model], alias: str) -> _Statement:
    key = (model._meta.label, alias)
    statement = _statements.get(key)
    if statement is None:
        statement = _statements[key] = _Statement(model, alias)
    return statement


class VoteRows:
    """One vote's ``Response`` and ``Answer`` rows, their parameters prepared
    at once; :meth:`insert` writes them inside the caller's transaction."""

    def __init__(self, response: Response, answers: Sequence[Answer]) -> None:
        self.response = response
        self.answers = list(answers)
        self.alias = router.db_for_write(Response)
        connection = connections[self.alias]
        self.use_orm = not connection.features.can_return_columns_from_insert
        if self.use_orm:
            return
        self.response_statement = _statement(Response, self.alias)
        self.response_params = self.response_statement.params(response, self.alias)
        self.answer_statement = _statement(Answer, self.alias)
        # The answers' response id is known only after the first INSERT.
        self.response_id_at = self.answer_statement.fields.index(Answer._meta.get_field("response"))
        self.answer_params = [self.answer_statement.params(answer, self.alias) for answer in self.answers]
        self.batch = max(1, connection.ops.bulk_batch_size(self.answer_statement.fields, self.answers))

    def insert(self) -> None:
        """INSERT the response (its ``pk`` set from the database), then its answers."""
        if self.use_orm:
            self.response.save(force_insert=True, using=self.alias)
            Answer.objects.using(self.alias).bulk_create(self.answers)
            return
        response, statement = self.response, self.response_statement
        with connections[self.alias].cursor() as cursor:
            cursor.execute(statement.head + statement.row + statement.returning, self.response_params)
            row = cursor.fetchone()
            assert row is not None
            response.pk = row[0]
            response._state.adding = False
            response._state.db = self.alias
            statement = self.answer_statement
            for start in range(0, len(self.answers), self.batch):
                params: list[Any] = []
                for values in self.answer_params[start : start + self.batch]:
                    values[self.response_id_at] = response.pk
                    params.extend(values)
                rows = ", ".join([statement.row] * (len(params) // len(statement.fields)))
                cursor.execute(statement.head + rows, params)
        for answer in self.answers:
            answer.response_id = response.pk  # (as bulk_create leaves it)
