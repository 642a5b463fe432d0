"""catalog generation: imports are published batch by batch (undoable), and a saved search
index knows which database it reflects

Revision ID: 0009_catalog_generation
Revises: 0008_question_translations
"""
import uuid
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import core.persistence.models.base


revision: str = '0009_catalog_generation'
down_revision: Union[str, None] = '0008_question_translations'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    generation = op.create_table('catalog_generation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('epoch', sa.String(length=32), nullable=False),
    sa.Column('publishing', sa.String(length=32), nullable=True),
    sa.Column('heartbeat', core.persistence.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('undoing', sa.Boolean(), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_generation'))
    )
    op.bulk_insert(generation, [{'id': 1, 'epoch': uuid.uuid4().hex, 'progress': 0, 'undoing': False, 'generation': 0}])
    with op.batch_alter_table('staged_practices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('previous', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('staged_practices', schema=None) as batch_op:
        batch_op.drop_column('previous')
    op.drop_table('catalog_generation')
