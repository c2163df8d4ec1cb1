import { AreaChart, BarChart, CompositeChart, DonutChart } from '@mantine/charts';
import { Anchor, ColorSwatch, Group, Stack, Table, Text } from '@mantine/core';
import { cartesian, formatCell, formatCount, formatMoneyTick, funnelSteps, slices, themeColor, valueFormatter, visibleColumns } from '../charts';
import type { Chart } from '../types';

const HEIGHT = 240;

/** New leads per period, one stacked area per source. */
export function LeadTrendChart({ chart }: { chart: Chart }) {
  const { xKey, data, series } = cartesian(chart);
  return (
    <AreaChart
      h={HEIGHT}
      data={data}
      dataKey={xKey}
      series={series}
      type="stacked"
      withLegend
      legendProps={{ verticalAlign: 'bottom' }}
      withDots={data.length <= 31}
      valueFormatter={formatCount}
      tickLine="none"
      yAxisProps={{ allowDecimals: false, width: 36 }}
    />
  );
}

/** Leads per source as a donut, with the figures beside it in words. */
export function SourcesChart({ chart, labelOf }: { chart: Chart; labelOf: (source: string) => string }) {
  const data = slices(chart, 'source', 'leads', labelOf);
  const total = data.reduce((sum, slice) => sum + slice.value, 0);
  return (
    <Group align="center" gap="lg" wrap="wrap" justify="center">
      <DonutChart data={data} size={170} thickness={26} withTooltip tooltipDataSource="segment" chartLabel={`${formatCount(total)} leads`} valueFormatter={formatCount} />
      <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} miw={160}>
        {chart.rows.map((row, index) => (
          <Group key={String(row.source ?? index)} component="li" gap="xs" wrap="nowrap">
            <ColorSwatch size={10} color={themeColor(data.find((s) => s.name === labelOf(String(row.source)))?.color ?? 'gray.5')} withShadow={false} aria-hidden />
            <Text size="sm">
              {labelOf(String(row.source))}: {formatCell(row.leads, 'number')} leads, {formatCell(row.won, 'number')} won ({formatCell(row.conversion, 'ratio')})
            </Text>
          </Group>
        ))}
      </Stack>
    </Group>
  );
}

/** Where the range's leads are now, by stage. */
export function StagesChart({ chart }: { chart: Chart }) {
  const { data, series } = cartesian({ ...chart, columns: chart.columns.filter((c) => c.key !== 'stage') });
  return <BarChart h={HEIGHT} data={data} dataKey="label" series={series} valueFormatter={formatCount} tickLine="none" yAxisProps={{ allowDecimals: false, width: 36 }} />;
}

/** How many leads reached each stage, and the share that went on from the stage before. */
export function FunnelChart({ chart }: { chart: Chart }) {
  const steps = funnelSteps(chart);
  return (
    <Stack gap="xs">
      <BarChart
        h={Math.max(160, steps.length * 36)}
        data={steps}
        dataKey="label"
        series={[{ name: 'reached', label: 'Reached', color: 'blue.6' }]}
        orientation="vertical"
        valueFormatter={formatCount}
        tickLine="none"
        yAxisProps={{ width: 96 }}
        gridAxis="y"
      />
      <Table.ScrollContainer minWidth={300}>
        <Table aria-label="Stage-to-stage conversion" verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Stage</Table.Th>
              <Table.Th ta="right">Reached</Table.Th>
              <Table.Th ta="right">From previous stage</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {steps.map((step) => (
              <Table.Tr key={step.stage}>
                <Table.Td>{step.label}</Table.Td>
                <Table.Td ta="right">{formatCount(step.reached)}</Table.Td>
                <Table.Td ta="right">{step.conversion === null ? '—' : formatCell(step.conversion, 'ratio')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** Revenue per period as bars, bookings as a line on its own axis. */
export function RevenueChart({ chart }: { chart: Chart }) {
  const { xKey, data } = cartesian(chart);
  return (
    <CompositeChart
      h={HEIGHT}
      data={data}
      dataKey={xKey}
      series={[
        { name: 'revenue', label: 'Revenue', color: 'teal.6', type: 'bar' },
        { name: 'bookings', label: 'Bookings', color: 'orange.6', type: 'line', yAxisId: 'right' },
      ]}
      withLegend
      withRightYAxis
      valueFormatter={valueFormatter('money')}
      yAxisProps={{ width: 56, tickFormatter: formatMoneyTick }}
      rightYAxisProps={{ allowDecimals: false, width: 32, tickFormatter: (v: number) => formatCount(v) }}
      tooltipProps={{ formatter: (value, name) => [name === 'Bookings' ? formatCount(Number(value)) : formatCell(Number(value), 'money'), name] }}
      tickLine="none"
      withDots={data.length <= 31}
    />
  );
}

/** How long first replies took, in buckets. */
export function ResponseTimesChart({ chart }: { chart: Chart }) {
  const { xKey, data, series } = cartesian(chart);
  return <BarChart h={HEIGHT} data={data} dataKey={xKey} series={series} valueFormatter={formatCount} tickLine="none" yAxisProps={{ allowDecimals: false, width: 36 }} />;
}

/** A chart shown as a table (leaderboard, attribution): cells formatted by their column's type. */
export function ChartTable({ chart, label }: { chart: Chart; label: string }) {
  const columns = visibleColumns(chart);
  return (
    <Table.ScrollContainer minWidth={Math.max(360, columns.length * 110)}>
      <Table aria-label={label} striped highlightOnHover verticalSpacing={6} fz="sm">
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column.key} ta={column.type === 'text' || column.type === 'date' ? 'left' : 'right'}>
                {column.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {chart.rows.map((row, index) => (
            <Table.Tr key={String(row.agent_id ?? row.ad_id ?? row.source ?? index)}>
              {columns.map((column) => (
                <Table.Td key={column.key} ta={column.type === 'text' || column.type === 'date' ? 'left' : 'right'}>
                  {column.key === 'headline' && typeof row.source_url === 'string' && /^https?:\/\//.test(row.source_url) ? (
                    <Anchor href={row.source_url} target="_blank" rel="noreferrer" size="sm">
                      {formatCell(row[column.key], column.type)}
                    </Anchor>
                  ) : (
                    formatCell(row[column.key], column.type)
                  )}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
