"""delivery lanes and part heartbeats

Revision ID: 0003_delivery_lanes
Revises: 0002_delivery
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import core.persistence.models.base


revision: str = '0003_delivery_lanes'
down_revision: Union[str, None] = '0002_delivery'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('part_heartbeats',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('part', sa.String(length=16), nullable=False),
    sa.Column('started_at', core.persistence.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('seen_at', core.persistence.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_part_heartbeats'))
    )
    with op.batch_alter_table('part_heartbeats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_part_heartbeats_part'), ['part'], unique=False)

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lane', sa.SmallInteger(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=120), nullable=True))
        batch_op.create_index('ix_outbox_lane_due', ['status', 'lane', 'next_attempt_at'], unique=False)
    op.execute("UPDATE outbox SET lane = 0 WHERE kind = 'reply'")
    op.execute("UPDATE outbox SET lane = 2 WHERE kind IN ('announcement', 'digest')")


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_lane_due')
        batch_op.drop_column('claimed_by')
        batch_op.drop_column('lane')

    with op.batch_alter_table('part_heartbeats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_part_heartbeats_part'))

    op.drop_table('part_heartbeats')
