import { SegmentedControl } from '@mantine/core';
import { useLocation, useNavigate } from 'react-router';

/** Table ↔ board, keeping the filters in the URL. */
export function LeadsViewSwitch() {
  const location = useLocation();
  const navigate = useNavigate();
  const board = location.pathname.startsWith('/leads/board');
  return (
    <SegmentedControl
      aria-label="Leads view"
      value={board ? 'board' : 'table'}
      onChange={(value) => {
        const params = new URLSearchParams(location.search);
        if (value === 'board') {
          params.delete('page');
          params.delete('page_size');
          params.delete('ordering');
        }
        const search = params.toString();
        navigate(`${value === 'board' ? '/leads/board' : '/leads'}${search ? `?${search}` : ''}`);
      }}
      data={[
        { value: 'table', label: 'Table' },
        { value: 'board', label: 'Board' },
      ]}
    />
  );
}
