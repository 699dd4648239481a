"""orders: amount, items, phone in E.164; tickets: the caller's phone in E.164

Revision ID: 0018
Revises: 0017
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('customer_phone_e164', sa.String(length=20), nullable=True))
    op.add_column('orders', sa.Column('amount', sa.Float(), nullable=True))
    op.add_column('orders', sa.Column('items', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'"), nullable=False))
    op.create_index(op.f('ix_orders_customer_phone_e164'), 'orders', ['customer_phone_e164'], unique=False)
    op.add_column('tickets', sa.Column('phone_e164', sa.String(length=20), nullable=True))
    op.create_index('ix_tickets_phone_e164', 'tickets', ['phone_e164'], unique=False, postgresql_where=sa.text('phone_e164 IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('ix_tickets_phone_e164', table_name='tickets', postgresql_where=sa.text('phone_e164 IS NOT NULL'))
    op.drop_column('tickets', 'phone_e164')
    op.drop_index(op.f('ix_orders_customer_phone_e164'), table_name='orders')
    op.drop_column('orders', 'items')
    op.drop_column('orders', 'amount')
    op.drop_column('orders', 'customer_phone_e164')
