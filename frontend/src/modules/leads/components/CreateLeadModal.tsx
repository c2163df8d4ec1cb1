import { Anchor, Button, Group, Modal, Stack } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../../shared/http';
import { applyProblemToForm } from '../../../shared/problem';
import { FormAlert } from '../../../shared/ui/FormAlert';
import { useCreateLead } from '../api';
import { emptyLeadForm, formToLeadInput, leadFormSchema } from '../leadForm';
import { LeadFields } from './LeadFields';

export function CreateLeadModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="New lead" size="lg">
      {opened ? <CreateLeadForm onClose={onClose} /> : null}
    </Modal>
  );
}

function CreateLeadForm({ onClose }: { onClose: () => void }) {
  const create = useCreateLead();
  const navigate = useNavigate();
  const [alert, setAlert] = useState<string | null>(null);
  const [duplicateOf, setDuplicateOf] = useState<number | null>(null);
  const form = useForm({ initialValues: emptyLeadForm(), validate: schemaResolver(leadFormSchema, { sync: true }) });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setAlert(null);
        setDuplicateOf(null);
        create.mutate(formToLeadInput(values), {
          onSuccess: (lead) => {
            notifications.show({ color: 'green', message: `Lead ${lead.name} created` });
            onClose();
            navigate(`/leads/${lead.id}`);
          },
          onError: (error) => {
            if (error instanceof ApiError && error.status === 409 && typeof error.problem.existing_lead_id === 'number') {
              setDuplicateOf(error.problem.existing_lead_id);
              form.setFieldError('phone', 'Another lead has this phone number');
              return;
            }
            setAlert(applyProblemToForm(error, form));
          },
        });
      })}
    >
      <Stack>
        <FormAlert message={alert} />
        {duplicateOf !== null ? (
          <FormAlert message="A lead with this phone number exists already." />
        ) : null}
        {duplicateOf !== null ? (
          <Anchor component={Link} to={`/leads/${duplicateOf}`} onClick={onClose}>
            Open the existing lead
          </Anchor>
        ) : null}
        <LeadFields form={form} compact />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create lead
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
