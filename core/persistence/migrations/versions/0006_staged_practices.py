"""staged practices: a catalogue import is published in one short transaction; the search
reads what changed in practices and partners by (updated_at, id) through an index

Revision ID: 0006_staged_practices
Revises: 0004_card_refs
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import core.persistence.models.base


revision: str = '0006_staged_practices'
down_revision: Union[str, None] = '0005_questions'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('staged_practices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.String(length=32), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.Column('synonyms', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('tutorials', sa.JSON(), nullable=False),
    sa.Column('basis', sa.String(length=16), nullable=True),
    sa.Column('results', sa.JSON(), nullable=False),
    sa.Column('zones', sa.JSON(), nullable=False),
    sa.Column('regions', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('staged_at', core.persistence.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staged_practices')),
    sa.UniqueConstraint('import_id', 'slug', name=op.f('uq_staged_practices_import_id_slug'))
    )
    op.create_index('ix_practices_changes', 'practices', ['updated_at', 'id'])
    op.create_index('ix_partners_changes', 'partners', ['updated_at', 'id'])


def downgrade() -> None:
    op.drop_index('ix_partners_changes', table_name='partners')
    op.drop_index('ix_practices_changes', table_name='practices')
    op.drop_table('staged_practices')
