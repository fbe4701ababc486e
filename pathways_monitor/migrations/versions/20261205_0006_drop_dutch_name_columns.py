"""drop Dutch name columns (issue 12): place, indicator, taxonomy_term, funding_source

Names are stored in English only; the message catalogs give them in every language
(``pathways_monitor.domain.names``). The downgrade restores the columns and fills them with the
Dutch catalog's wording (NUTS regions and national indicators as before: the English name, or
nothing); on SQLite the two formerly NOT NULL columns stay nullable (no table copy).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 09:12:41.118230

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: Union[str, Sequence[str], None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _recreate() -> str:
    """How SQLite batch mode drops a column: in place (``ALTER TABLE ... DROP COLUMN``, SQLite
    3.35 or newer) rather than by copying the table. A copy drops the old table, which the
    foreign keys of the rows that reference it (an observation's place, a budget line's fund)
    refuse once the store holds data; older SQLite gets the copy, fine for an empty store."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and bind.dialect.dbapi.sqlite_version_info >= (3, 35):
        return "never"
    return "auto"


def upgrade() -> None:
    """Upgrade schema."""
    recreate = _recreate()
    with op.batch_alter_table("place", schema=None, recreate=recreate) as batch_op:
        batch_op.drop_column("name_nl")
    with op.batch_alter_table("indicator", schema=None, recreate=recreate) as batch_op:
        batch_op.drop_column("name_nl")
        batch_op.drop_column("definition_nl")
    with op.batch_alter_table("taxonomy_term", schema=None, recreate=recreate) as batch_op:
        batch_op.drop_column("label_nl")
    with op.batch_alter_table("funding_source", schema=None, recreate=recreate) as batch_op:
        batch_op.drop_column("name_nl")


def _dutch(text: str | None) -> str | None:
    from pathways_monitor.core.translation import gettext

    return gettext(text, "nl") if text else text


def _fill(table: str, keys: tuple[str, ...], pairs: dict[str, str], where: str = "") -> None:
    """Set each Dutch column of ``table`` (``pairs``: Dutch column -> English column)."""
    conn = op.get_bind()
    columns = ", ".join([*keys, *pairs.values()])
    rows = conn.execute(sa.text(f"SELECT {columns} FROM {table} {where}")).all()
    assignments = ", ".join(f"{nl} = :{nl}" for nl in pairs)
    match = " AND ".join(f"{k} = :key_{k}" for k in keys)
    update = sa.text(f"UPDATE {table} SET {assignments} WHERE {match}")
    for row in rows:
        params = {f"key_{k}": row[i] for i, k in enumerate(keys)}
        params |= {nl: _dutch(row[len(keys) + i]) for i, nl in enumerate(pairs)}
        conn.execute(update, params)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("funding_source", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_nl", sa.String(length=200), nullable=True))
    with op.batch_alter_table("taxonomy_term", schema=None) as batch_op:
        batch_op.add_column(sa.Column("label_nl", sa.String(length=200), nullable=True))
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_nl", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("definition_nl", sa.Text(), nullable=True))
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_nl", sa.String(length=200), nullable=True))

    # Countries and aggregates in Dutch, NUTS regions under their own name (as the old
    # reference loader stored them); canonical indicators in Dutch, national ones left empty.
    _fill("place", ("id",), {"name_nl": "name_en"}, "WHERE kind <> 'region'")
    op.execute("UPDATE place SET name_nl = name_en WHERE kind = 'region'")
    pairs = {"name_nl": "name_en", "definition_nl": "definition_en"}
    _fill("indicator", ("id",), pairs, "WHERE is_canonical = true")
    _fill("funding_source", ("code",), {"name_nl": "name_en"})
    _fill("taxonomy_term", ("dimension", "code"), {"label_nl": "label_en"})

    # The two columns that were NOT NULL become so again where that needs no table copy.
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("taxonomy_term", "label_nl", existing_type=sa.String(200), nullable=False)
        op.alter_column("funding_source", "name_nl", existing_type=sa.String(200), nullable=False)
