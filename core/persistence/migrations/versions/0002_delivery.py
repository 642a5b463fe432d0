"""delivery pacing buckets shared by every worker process

Revision ID: 0002_delivery
Revises: 0001
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import core.persistence.models.base


revision: str = '0002_delivery'
down_revision: Union[str, None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('delivery_pacing',
    sa.Column('bucket', sa.String(length=96), nullable=False),
    sa.Column('next_free_at', core.persistence.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('bucket', name=op.f('pk_delivery_pacing'))
    )


def downgrade() -> None:
    op.drop_table('delivery_pacing')
