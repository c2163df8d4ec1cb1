import { Anchor, Badge, Button, Checkbox, Group, Pagination, Select, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBrandWhatsapp, IconPlus, IconUsers } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { userName, userQueries } from '../../identity';
import { formatDateTime, formatMoney } from '../../../shared/format';
import { Empty } from '../../../shared/ui/Empty';
import { PageTitle } from '../../../shared/ui/PageTitle';
import { QueryError } from '../../../shared/ui/QueryError';
import { TableSkeleton } from '../../../shared/ui/TableSkeleton';
import { leadQueries } from '../api';
import { BulkBar } from '../components/BulkBar';
import { CreateLeadModal } from '../components/CreateLeadModal';
import { LeadFiltersBar } from '../components/LeadFiltersBar';
import { LeadsViewSwitch } from '../components/LeadsViewSwitch';
import { SortHeader } from '../components/SortHeader';
import { StageBadge } from '../components/StageBadge';
import { activeFilterCount, PAGE_SIZES } from '../filters';
import { useLeadFilters } from '../useLeadFilters';

export function LeadsPage() {
  const [filters, setFilters] = useLeadFilters();
  const leads = useQuery({ ...leadQueries.list(filters), placeholderData: keepPreviousData });
  const stages = useQuery(leadQueries.stages());
  const sources = useQuery(leadQueries.sources());
  const users = useQuery(userQueries.list());
  const [selected, setSelected] = useState<number[]>([]);
  const [creating, { open, close }] = useDisclosure(false);

  const rows = leads.data?.results ?? [];
  const pageIds = rows.map((l) => l.id);
  const allSelected = pageIds.length > 0 && pageIds.every((id) => selected.includes(id));
  const someSelected = pageIds.some((id) => selected.includes(id));
  const totalPages = leads.data ? Math.max(1, Math.ceil(leads.data.count / filters.page_size)) : 1;
  const sort = (ordering: typeof filters.ordering) => setFilters({ ordering });

  return (
    <>
      <PageTitle
        title="Leads"
        actions={
          <>
            <LeadsViewSwitch />
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
              New lead
            </Button>
          </>
        }
      >
        Leads
      </PageTitle>
      <LeadFiltersBar filters={filters} setFilters={setFilters} />
      {selected.length > 0 ? <BulkBar ids={selected} onDone={() => setSelected([])} /> : null}
      {leads.isPending ? (
        <TableSkeleton />
      ) : leads.isError && !leads.data ? (
        <QueryError error={leads.error} onRetry={() => leads.refetch()} />
      ) : rows.length === 0 ? (
        <Empty
          icon={<IconUsers aria-hidden />}
          title={activeFilterCount(filters) > 0 ? 'No lead matches these filters' : 'No leads yet'}
          description={activeFilterCount(filters) > 0 ? 'Change or clear the filters.' : 'Leads arrive from WhatsApp, or add one yourself.'}
          action={
            <Button variant="light" onClick={open}>
              New lead
            </Button>
          }
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={860}>
            <Table striped highlightOnHover verticalSpacing="xs" aria-busy={leads.isFetching} style={{ opacity: leads.isPlaceholderData ? 0.6 : 1, whiteSpace: 'nowrap' }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label="Select all leads on this page"
                      checked={allSelected}
                      indeterminate={someSelected && !allSelected}
                      onChange={() =>
                        setSelected((current) =>
                          allSelected ? current.filter((id) => !pageIds.includes(id)) : [...new Set([...current, ...pageIds])],
                        )
                      }
                    />
                  </Table.Th>
                  <SortHeader field="name" label="Name" ordering={filters.ordering} onSort={sort} />
                  <Table.Th>Stage</Table.Th>
                  <Table.Th>Source</Table.Th>
                  <Table.Th>Assigned to</Table.Th>
                  <SortHeader field="expected_value" label="Value" ordering={filters.ordering} onSort={sort} />
                  <SortHeader field="score" label="Score" ordering={filters.ordering} onSort={sort} />
                  <SortHeader field="last_inbound_at" label="Last message" ordering={filters.ordering} onSort={sort} />
                  <SortHeader field="created_at" label="Created" ordering={filters.ordering} onSort={sort} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((lead) => (
                  <Table.Tr key={lead.id} bg={selected.includes(lead.id) ? 'var(--mantine-color-blue-light)' : undefined}>
                    <Table.Td>
                      <Checkbox
                        aria-label={`Select ${lead.name}`}
                        checked={selected.includes(lead.id)}
                        onChange={(event) => {
                          const checked = event.currentTarget.checked;
                          setSelected((current) => (checked ? [...current, lead.id] : current.filter((id) => id !== lead.id)));
                        }}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/leads/${lead.id}`} fw={500} size="sm">
                        {lead.name}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {lead.phone ?? lead.email ?? ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <StageBadge stages={stages.data} stage={lead.stage} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        {lead.is_whatsapp ? <IconBrandWhatsapp size={16} color="var(--mantine-color-green-6)" aria-hidden /> : null}
                        <Text size="sm">{sources.data?.find((s) => s.key === lead.source)?.label ?? lead.source}</Text>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={lead.assigned_to === null ? 'dimmed' : undefined}>
                        {userName(users.data, lead.assigned_to)}
                      </Text>
                    </Table.Td>
                    <Table.Td>{formatMoney(lead.expected_value)}</Table.Td>
                    <Table.Td>{lead.score ?? '—'}</Table.Td>
                    <Table.Td>{formatDateTime(lead.last_inbound_at)}</Table.Td>
                    <Table.Td>{formatDateTime(lead.created_at)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between" mt="md" wrap="wrap" gap="sm">
            <Text size="sm" c="dimmed" aria-live="polite">
              {leads.data.count_capped
                ? `More than ${new Intl.NumberFormat().format(leads.data.count)} leads · page ${filters.page}`
                : `${leads.data.count} ${leads.data.count === 1 ? 'lead' : 'leads'} · page ${filters.page} of ${totalPages}`}
              {leads.isFetching ? ' · updating…' : ''}
            </Text>
            <Group gap="sm" wrap="wrap">
              <Select
                aria-label="Leads per page"
                size="xs"
                w={110}
                allowDeselect={false}
                data={PAGE_SIZES.map((n) => ({ value: String(n), label: `${n} / page` }))}
                value={String(filters.page_size)}
                onChange={(value) => value && setFilters({ page_size: Number(value) })}
              />
              <Pagination
                total={totalPages}
                value={Math.min(filters.page, totalPages)}
                onChange={(page) => setFilters({ page })}
                size="sm"
                siblings={1}
                getControlProps={(control) => ({ 'aria-label': `${control} page` })}
                getItemProps={(page) => ({ 'aria-label': `Page ${page}` })}
              />
            </Group>
          </Group>
          {leads.isError ? <Badge color="red" variant="light" mt="xs">Refresh failed: showing older data</Badge> : null}
        </>
      )}
      <CreateLeadModal opened={creating} onClose={close} />
    </>
  );
}
