import type { InformationClass } from '@gennai/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An organisation (ministry, agency, local government). Its slug comes from the token's `organization` claim. */
@Entity({ name: 'organizations' })
export class Organization {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** 機密性 a new conversation gets unless the user chooses another. */
  @Column({ name: 'default_information_class', type: 'smallint', default: 2 })
  defaultInformationClass!: InformationClass;

  /** Whether audit entries about messages keep the text itself, or only its SHA-256 (docs/operator/audit.md). */
  @Column({ name: 'audit_keeps_message_text', type: 'boolean', default: false })
  auditKeepsMessageText!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
