"""inbound work: a Slack command, press or form is stored before it is acknowledged, and
marked done in the transaction of its handling

Revision ID: 0007_inbound_work
Revises: 0006_staged_practices
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import core.persistence.models.base


revision: str = '0007_inbound_work'
down_revision: Union[str, None] = '0006_staged_practices'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('inbound_work',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('request_key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('received_at', core.persistence.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('claimed_by', sa.String(length=120), nullable=True),
    sa.Column('lease_until', core.persistence.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('done_at', core.persistence.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_work')),
    sa.UniqueConstraint('channel', 'request_key', name=op.f('uq_inbound_work_channel_request_key'))
    )
    op.create_index('ix_inbound_work_open', 'inbound_work', ['done_at', 'lease_until'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_inbound_work_open', table_name='inbound_work')
    op.drop_table('inbound_work')
