"""ticket type versions

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 22:10:00.000000
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('ticket_types', sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    op.alter_column('ticket_types', 'version', server_default=None)
    op.create_table('ticket_type_versions',
    sa.Column('type_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('fields', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('body_template', sa.Text(), nullable=False),
    sa.Column('default_group_id', sa.Integer(), nullable=True),
    sa.Column('default_priority', sa.Enum('low', 'normal', 'high', 'urgent', name='priority', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('sla_first_response_minutes', sa.Integer(), nullable=True),
    sa.Column('sla_resolution_minutes', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_ticket_type_versions_created_by_id_users')),
    sa.ForeignKeyConstraint(['default_group_id'], ['groups.id'], name=op.f('fk_ticket_type_versions_default_group_id_groups')),
    sa.ForeignKeyConstraint(['type_id'], ['ticket_types.id'], name=op.f('fk_ticket_type_versions_type_id_ticket_types'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('type_id', 'version', name=op.f('pk_ticket_type_versions'))
    )
    # Every existing type's template as it stands is its version 1, and so is every ticket's.
    op.execute(
        "INSERT INTO ticket_type_versions (type_id, version, name, description, fields,"
        " body_template, default_group_id, default_priority, sla_first_response_minutes,"
        " sla_resolution_minutes, created_at)"
        " SELECT id, 1, name, description, fields, body_template, default_group_id,"
        " default_priority, sla_first_response_minutes, sla_resolution_minutes, updated_at"
        " FROM ticket_types"
    )
    op.add_column('tickets', sa.Column('type_version', sa.Integer(), server_default='1', nullable=False))
    op.alter_column('tickets', 'type_version', server_default=None)
    op.create_foreign_key(op.f('fk_tickets_type_id_ticket_type_versions'), 'tickets', 'ticket_type_versions', ['type_id', 'type_version'], ['type_id', 'version'])


def downgrade() -> None:
    op.drop_constraint(op.f('fk_tickets_type_id_ticket_type_versions'), 'tickets', type_='foreignkey')
    op.drop_column('tickets', 'type_version')
    op.drop_table('ticket_type_versions')
    op.drop_column('ticket_types', 'version')
