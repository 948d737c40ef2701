// The fields of one editor step.
import { AboutStep } from "./AboutStep";
import { ClassificationStep } from "./ClassificationStep";
import { ContactStep } from "./ContactStep";
import { DatesStep } from "./DatesStep";
import { DescriptionStep } from "./DescriptionStep";
import { EmploymentStep } from "./EmploymentStep";
import { EngagementStep } from "./EngagementStep";
import { LotsStep } from "./LotsStep";
import { PlaceStep } from "./PlaceStep";
import { ReservationStep } from "./ReservationStep";
import type { Step, StepProps } from "./types";
import { ValueStep } from "./ValueStep";

const COMPONENTS: Record<Step, (p: StepProps) => React.ReactNode> = {
  about: AboutStep,
  classification: ClassificationStep,
  description: DescriptionStep,
  place: PlaceStep,
  value: ValueStep,
  lots: LotsStep,
  reservation: ReservationStep,
  employment: EmploymentStep,
  engagement: EngagementStep,
  dates: DatesStep,
  contact: ContactStep,
};

export function StepFields({ step, ...props }: StepProps & { step: Step }) {
  const Fields = COMPONENTS[step];
  return <Fields {...props} />;
}
